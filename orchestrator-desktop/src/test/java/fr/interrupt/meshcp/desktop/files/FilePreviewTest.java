package fr.interrupt.meshcp.desktop.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FilePreviewTest {

    @Test
    void aBinaryFileIsNotPreviewedAsText() {
        assertThat(FilesViewModel.previewOf(new byte[] {1, 0, 2}, 3)).startsWith("This looks like a binary file");
        assertThat(FilesViewModel.previewOf("hi".getBytes(), 10_000)).startsWith("hi\n\n… (preview shows the first 2 B");
    }
}
