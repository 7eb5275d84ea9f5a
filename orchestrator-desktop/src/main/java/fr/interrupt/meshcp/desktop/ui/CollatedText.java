package fr.interrupt.meshcp.desktop.ui;

import java.text.CollationKey;
import java.text.Collator;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Orders text as a table column does by default (the default locale's {@link Collator}, nulls first), from collation
 * keys kept per text: the default comparator takes a new collator and collates both texts again at each comparison,
 * which is most of what sorting a thousand rows costs. Keeps at most {@link #LIMIT} keys (then starts again).
 * FX thread: one instance per table, not shared between threads.
 */
public final class CollatedText implements Comparator<String> {
    /** Keys kept before the cache is emptied (a table shows at most a few thousand distinct texts). */
    static final int LIMIT = 20_000;
    private final Collator collator = Collator.getInstance();
    private final Map<String, CollationKey> keys = new HashMap<>();

    @Override
    public int compare(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return key(a).compareTo(key(b));
    }

    private CollationKey key(String text) {
        CollationKey key = keys.get(text);
        if (key == null) {
            if (keys.size() >= LIMIT) {
                keys.clear();
            }
            key = collator.getCollationKey(text);
            keys.put(text, key);
        }
        return key;
    }
}
