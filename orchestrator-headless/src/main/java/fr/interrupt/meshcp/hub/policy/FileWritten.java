package fr.interrupt.meshcp.hub.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an approved file change wrote, as stored in its {@link Approval} so the waiting MCP call can answer with it.
 *
 * @param path           the path written (the agent's answer)
 * @param bytesWritten   the file's size after the change, in bytes
 * @param writtenInPlace {@code FileService.inPlaceNote}'s sentence, or null after the usual atomic rename
 * @param replacements   edit_file: how many occurrences were replaced; 0 for write_file
 * @param lineEnds       edit_file: "CRLF" when matched and written with the file's CRLF line ends, else null
 */
public record FileWritten(String path, @JsonProperty("bytes_written") long bytesWritten,
                          @JsonProperty("written_in_place") String writtenInPlace, int replacements,
                          @JsonProperty("line_ends") String lineEnds) {
}
