package dev.netservices.web.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The count of files held open: refused past the limit, each place given back once however often released. */
class OpenFilesTest {

    @Test
    void aFilePastTheLimitIsRefusedUntilOneIsGivenBack() throws Exception {
        OpenFiles files = OpenFiles.of(2);
        Runnable first = files.take();
        files.take();
        assertThatThrownBy(files::take).isInstanceOf(OpenFiles.Exhausted.class)
                .hasMessage("the server holds its limit of 2 files open for responses");
        assertThat(files.held()).isEqualTo(2);
        first.run();
        first.run(); // a body released twice gives its place back once
        assertThat(files.held()).isEqualTo(1);
        files.take();
        assertThat(files.held()).isEqualTo(2);
    }

    @Test
    void theDefaultIsHalfTheProcesssDescriptorLimit() {
        assertThat(OpenFiles.of(0).limit()).isEqualTo((int) (OpenFiles.descriptorLimit() / 2));
        assertThat(OpenFiles.descriptorLimit()).isPositive();
        assertThat(OpenFiles.of(0).describe(0)).contains("half of the process's " + OpenFiles.descriptorLimit());
    }
}
