package fr.interrupt.meshcp.hub.tokens;

import java.util.List;

/** The content of tokens.json. */
public record TokenFile(int version, List<TokenRecord> tokens) {
    public TokenFile {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    public static TokenFile empty() {
        return new TokenFile(1, List.of());
    }
}
