package dev.netservices.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

/** The bundled demo site is unpacked afresh at each start, yet its files keep their times: ETags stay stable. */
class DocumentRootTest {

    @Test
    void theDemoSiteKeepsItsFileTimesAcrossRestarts() throws Exception {
        FileTime first;
        FileTime second;
        Path firstRoot;
        try (DocumentRoot demo = DocumentRoot.of(null)) {
            firstRoot = demo.path();
            first = Files.getLastModifiedTime(demo.path().resolve("index.html"));
        }
        try (DocumentRoot demo = DocumentRoot.of(null)) {
            assertThat(demo.path()).isNotEqualTo(firstRoot);
            second = Files.getLastModifiedTime(demo.path().resolve("index.html"));
        }
        assertThat(second).isEqualTo(first)
                .isEqualTo(FileTime.fromMillis(new ClassPathResource("demo-site/index.html").lastModified()));
        assertThat(Files.exists(firstRoot)).as("the unpacked copy is deleted on close").isFalse();
    }
}
