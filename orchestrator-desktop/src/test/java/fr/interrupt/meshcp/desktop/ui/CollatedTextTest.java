package fr.interrupt.meshcp.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Collator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The machines table's text order: the same as a column's default (the locale's collator), with nulls first. */
class CollatedTextTest {
    private final CollatedText order = new CollatedText();

    @Test
    void ordersAsTheLocalesCollatorDoes() {
        List<String> names = List.of("web-10", "Web-2", "émile", "db-1", "eve", "Zed", "web-1", "10.0.0.2:7443", "[::1]:7443");
        List<String> expected = new ArrayList<>(names);
        expected.sort(Collator.getInstance());
        List<String> ours = new ArrayList<>(names);

        ours.sort(order);
        ours.sort(order); // a second time, from the keys it kept

        assertThat(ours).isEqualTo(expected);
    }

    @Test
    void putsUnknownTextFirst() {
        List<String> names = Arrays.asList("b", null, "a");

        names.sort(order);

        assertThat(names).containsExactly(null, "a", "b");
    }

    @Test
    void ordersTheSameAfterItsKeysWereDropped() {
        for (int i = 0; i <= CollatedText.LIMIT; i++) {
            order.compare("m-" + i, "m-" + (i + 1));
        }

        assertThat(order.compare("alpha", "beta")).isNegative();
        assertThat(order.compare("beta", "beta")).isZero();
    }
}
