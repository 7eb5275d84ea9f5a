package fr.interrupt.meshcp.desktop.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FilePreviewTest {

    @Test
    void aBinaryFileIsNotPreviewedAsText() {
        assertThat(FilesViewModel.previewOf(new byte[] {1, 0, 2}, 3)).startsWith("This looks like a binary file");
        assertThat(FilesViewModel.previewOf("hi".getBytes(), 10_000)).startsWith("hi\n\n… (preview shows the first 2 B");
    }

    @Test
    void aLogWithOneInvalidByteIsPreviewedAsTextWithANote() {
        byte[] log = "line one\nline two\n".repeat(20).getBytes(StandardCharsets.UTF_8);
        log[3] = (byte) 0xFF;
        assertThat(FilesViewModel.previewOf(log, log.length)).startsWith("lin\uFFFD one\n").contains("shown as U+FFFD");
    }

    @Test
    void aUtf16FileWithAByteOrderMarkIsPreviewedAsText() {
        byte[] utf16 = "\uFEFFbonjour\r\n".getBytes(StandardCharsets.UTF_16LE);
        assertThat(FilesViewModel.previewOf(utf16, utf16.length)).startsWith("bonjour\r\n").contains("UTF-16LE");
    }
}
