package dev.netservices.files.store;

import java.text.Normalizer;
import java.util.Locale;

/**
 * When two names are one name: when their NFKC forms agree after case folding, as chat member names do. So
 * {@code Report.pdf} and {@code report.pdf}, {@code ﬁle.txt} (the fi ligature) and {@code file.txt}, fullwidth
 * {@code Ｒｅｐｏｒｔ} and {@code Report} cannot both be in the library: a listing never shows two entries a reader
 * takes for one. Names are still stored and matched exactly as sent (NFC); the folded form only decides clashes.
 */
final class NameFolding {

    private NameFolding() {
    }

    /**
     * The form two names are compared in: NFKC, upper then lower case (so that {@code ß} and {@code SS} meet),
     * NFKC again because case mapping can leave a string that is not normalised.
     */
    static String key(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }
}
