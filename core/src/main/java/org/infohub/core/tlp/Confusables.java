package org.infohub.core.tlp;

/**
 * Letters of other scripts that look like Latin ones, folded to the Latin letter (their "skeleton"
 * in the sense of Unicode TR 39), for the letters TLP labels are written with and their
 * neighbours: Cyrillic, Greek, Armenian, Cherokee and Latin small capitals. NFKC has already taken
 * full-width, mathematical and circled letters to ASCII; these are the ones it leaves alone.
 */
final class Confusables {
    private static final String FROM =
            // Cyrillic capitals and small letters
            "АВЕКМНОРСТХЅІЈҮԁԛԜаеорсухѕіјһӏԝɡɑ"
            // Greek capitals and small letters
            + "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιν"
            // Armenian
            + "ՕօսՏ"
            // Cherokee
            + "ᎡᎬᏀᎪᏟᏃᎢᏞᏢᎠᎷᎻᏚᏔᎥ"
            // Latin small capitals and other look-alikes
            + "ᴀʙᴄᴅᴇɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢı";
    private static final String TO =
            "ABEKMHOPCTXSIJYdqWaeopcyxsijhlwga"
            + "ABEZHIKMNOPTYXoiv"
            + "OouS"
            + "REGACZTLPDMHSWi"
            + "ABCDEGHIJKLMNOPRSTUVWYZi";

    static {
        if (FROM.length() != TO.length()) {
            throw new IllegalStateException("confusable table out of step: " + FROM.length() + " vs " + TO.length());
        }
    }

    private Confusables() {
    }

    static char fold(char c) {
        int i = FROM.indexOf(c);
        return i < 0 ? c : TO.charAt(i);
    }

    /** Typographic quotes, guillemets and corner brackets: read as {@code "}. */
    static boolean isQuote(char c) {
        return "\u201C\u201D\u201E\u201F\u2018\u2019\u201A\u201B\u00AB\u00BB\u2039\u203A\u300C\u300D\u300E\u300F\u2032\u2033\u0060\u00B4"
                .indexOf(c) >= 0;
    }

    /** Look-alike colons NFKC leaves alone. */
    static boolean isColon(char c) {
        return c == '\uA789' || c == '\u2236' || c == '\u02D0' || c == '\uFE13' || c == '\uFE55' || c == '\u0589'
                || c == '\u05C3' || c == '\u1361' || c == '\u16EC' || c == '\u205A' || c == '\u2E2C' || c == '\uA4FD';
    }
}
