package io.roomgate.rooms;

import java.util.Comparator;

/**
 * Strings by Unicode code point (PROTOCOL §2.0's member order), without decoding them.
 * {@link String#compareTo} compares UTF-16 units, which puts a supplementary character (a
 * surrogate pair, U+D800–U+DFFF) below the BMP characters from U+E000 up; here surrogates rank
 * above them. The first differing unit decides, as in code point order: a difference inside a
 * pair is a difference of the code points.
 */
final class CodePointOrder implements Comparator<String> {

    static final CodePointOrder INSTANCE = new CodePointOrder();

    private CodePointOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int common = Math.min(a.length(), b.length());
        for (int i = 0; i < common; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return rank(x) - rank(y);
            }
        }
        return a.length() - b.length();
    }

    /** U+E000–U+FFFF move down by 0x800, surrogates up by 0x2000: surrogates now sort last. */
    private static int rank(char unit) {
        if (unit < Character.MIN_SURROGATE) {
            return unit;
        }
        return unit > Character.MAX_SURROGATE ? unit - 0x800 : unit + 0x2000;
    }
}
