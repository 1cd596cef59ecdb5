package dev.netservices.common.root;

/** A client-supplied name that must not reach the file system; {@link #getMessage()} is fit for the client. */
public class RefusedNameException extends Exception {

    /** Why a name was refused; each reason's text is what the client is told. */
    public enum Reason {
        EMPTY("name is empty"),
        TOO_LONG("name is too long"),
        CONTROL_CHARACTER("name contains a control character"),
        SEPARATOR("name contains / or \\"),
        DOT_SEGMENT("name is . or .."),
        HIDDEN("hidden names (starting with a dot) are not served"),
        ABSOLUTE("name is an absolute path"),
        /** {@code C:x}: a path on Windows (absolute or drive-relative), a plain name elsewhere, refused everywhere. */
        DRIVE_LETTER("name starts with a drive letter (X:)"),
        OUTSIDE_ROOT("name leads outside the root");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Reason reason;

    public RefusedNameException(Reason reason) {
        super(reason.text());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
