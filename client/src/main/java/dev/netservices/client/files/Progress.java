package dev.netservices.client.files;

/** Told how far a transfer has come; {@link #NONE} for scripts that want silence. */
public interface Progress {

    Progress NONE = new Progress() {
        @Override
        public void began() {
        }

        @Override
        public void advanced(long done) {
        }

        @Override
        public void finished() {
        }
    };

    /** The server accepted the transfer and its bytes start to move: nothing is shown before (a refusal draws no bar). */
    void began();

    /** Bytes of the whole file present now (a resumed download starts above zero). */
    void advanced(long done);

    /** The transfer ended, one way or another. */
    void finished();
}
