package dev.netservices.common.text;

import java.text.Normalizer;
import java.util.Locale;

/**
 * When two names people read are one name: when their NFKC forms agree after case folding. So {@code Alice},
 * {@code ALICE} and fullwidth {@code Ａｌｉｃｅ} are one chat member, and {@code Report.pdf}, {@code report.pdf}
 * and {@code ﬁle.txt} / {@code file.txt} (the fi ligature) one file: a listing or a roster never shows two
 * entries a reader takes for one. Names are kept as sent; the folded form only decides sameness.
 */
public final class NameFold {

    private NameFold() {
    }

    /**
     * The form two names are compared in: NFKC, upper then lower case (so that {@code ß} and {@code SS} meet),
     * NFKC again because case mapping can leave a string that is not normalised.
     */
    public static String key(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }
}
