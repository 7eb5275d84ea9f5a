package fr.interrupt.meshcp.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.proto.agent.v1.FileType;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ListingTest {
    private static final long MAY_FIRST_NOON = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();

    @Test
    void aRegularFileShowsModeSizeTimeAndName() {
        FileInfo file = FileInfo.newBuilder().setName("big.bin").setType(FileType.REGULAR).setMode(0644)
                .setSize(20_971_520).setModifiedMillis(MAY_FIRST_NOON).build();
        assertThat(Listing.line(file, ZoneOffset.UTC)).isEqualTo("-rw-r--r--     20971520  2024-05-01 12:00  big.bin");
    }

    @Test
    void aSymlinkShowsItsTarget() {
        FileInfo link = FileInfo.newBuilder().setName("out").setType(FileType.SYMLINK).setMode(0777).setSize(11)
                .setSymlinkTarget("/etc/passwd").setModifiedMillis(MAY_FIRST_NOON).build();
        assertThat(Listing.line(link, ZoneOffset.UTC)).isEqualTo("lrwxrwxrwx           11  2024-05-01 12:00  out -> /etc/passwd");
    }

    @Test
    void timesAreShownInTheGivenZone() {
        FileInfo dir = FileInfo.newBuilder().setName("d").setType(FileType.DIRECTORY).setMode(0755)
                .setModifiedMillis(MAY_FIRST_NOON).build();
        assertThat(Listing.line(dir, ZoneOffset.ofHours(2))).contains("2024-05-01 14:00");
    }

    @Test
    void modeBitsIncludingSetuidSetgidAndSticky() {
        assertThat(Listing.mode(FileType.DIRECTORY, 0755)).isEqualTo("drwxr-xr-x");
        assertThat(Listing.mode(FileType.REGULAR, 04755)).isEqualTo("-rwsr-xr-x");
        assertThat(Listing.mode(FileType.REGULAR, 02644)).isEqualTo("-rw-r-Sr--");
        assertThat(Listing.mode(FileType.DIRECTORY, 01777)).isEqualTo("drwxrwxrwt");
        assertThat(Listing.mode(FileType.OTHER, 0600)).isEqualTo("?rw-------");
    }

    @Test
    void controlCharactersInNamesAreShownAsQuestionMarks() {
        FileInfo odd = FileInfo.newBuilder().setName("a\nb\u001b[31m").setType(FileType.REGULAR).build();
        assertThat(Listing.line(odd, ZoneOffset.UTC)).endsWith("a?b?[31m");
    }
}
