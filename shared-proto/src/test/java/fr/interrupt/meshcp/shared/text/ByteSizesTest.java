package fr.interrupt.meshcp.shared.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteSizesTest {
    @Test
    void underOneKibibyteIsAWholeNumberOfBytes() {
        assertThat(ByteSizes.format(0)).isEqualTo("0 B");
        assertThat(ByteSizes.format(512)).isEqualTo("512 B");
        assertThat(ByteSizes.format(1023)).isEqualTo("1023 B");
    }

    @Test
    void largerCountsUseIecUnitsWithOneDecimal() {
        assertThat(ByteSizes.format(1024)).isEqualTo("1.0 KiB");
        assertThat(ByteSizes.format(1536)).isEqualTo("1.5 KiB");
        assertThat(ByteSizes.format(49_492_787)).isEqualTo("47.2 MiB");
        assertThat(ByteSizes.format(4_187_593_113L)).isEqualTo("3.9 GiB");
        assertThat(ByteSizes.format(500L << 30)).isEqualTo("500.0 GiB");
        assertThat(ByteSizes.format(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    }

    @Test
    void aNegativeCountIsPrintedAsBytes() {
        assertThat(ByteSizes.format(-3)).isEqualTo("-3 B");
    }
}
