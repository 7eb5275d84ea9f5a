package fr.interrupt.meshcp.hub.service;

/** Line-end styles of text being edited: CRLF (Windows) files and \n-only text written by a model. */
final class LineEnds {
    private LineEnds() {
    }

    /** True when most of {@code text}'s line ends are CRLF: a CRLF file. */
    static boolean usesCrlf(String text) {
        int crlf = 0;
        int lf = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            if (i > 0 && text.charAt(i - 1) == '\r') {
                crlf++;
            } else {
                lf++;
            }
        }
        return crlf > lf;
    }

    /** True when {@code text} has an LF not preceded by CR. */
    static boolean hasBareLf(String text) {
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            if (i == 0 || text.charAt(i - 1) != '\r') {
                return true;
            }
        }
        return false;
    }

    /** {@code text} with every line end as CRLF (existing CRLFs kept as they are). */
    static String toCrlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }
}
