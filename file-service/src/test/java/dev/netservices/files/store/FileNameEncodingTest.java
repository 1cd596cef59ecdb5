package dev.netservices.files.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.files.support.TestLimits;

/** Under a file-name encoding that is not UTF-8, names it cannot represent are refused with a reason, not a crash. */
class FileNameEncodingTest {

    @TempDir
    Path root;

    private final StoreLimits limits = TestLimits.store().maxFileSize(1000).quota(10_000).build();

    @Test
    void nameTheAsciiEncodingCannotHoldIsRefusedAndOthersStillWork() throws Exception {
        try (LocalFileStore store = new LocalFileStore(root, limits, false, DiskSync.OFF, StandardCharsets.US_ASCII)) {
            assertThatThrownBy(() -> store.beginUpload("café.txt", 3)).isInstanceOf(StoreException.class)
                    .hasMessage("refused name: the server cannot store this name (file-name encoding is US-ASCII)");
            assertThatThrownBy(() -> store.openForRead("café.txt", 0)).hasMessageContaining("file-name encoding is US-ASCII");
            try (Upload upload = store.beginUpload("plain.txt", 3)) {
                upload.write(ByteBuffer.wrap("abc".getBytes()));
                assertThat(upload.commit().size()).isEqualTo(3);
            }
            assertThat(store.list("")).containsExactly(new StoredFile("plain.txt", 3));
        }
    }
}
