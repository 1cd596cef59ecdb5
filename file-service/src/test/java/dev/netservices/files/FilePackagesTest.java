package dev.netservices.files;

import org.junit.jupiter.api.Test;

import dev.netservices.common.architecture.PackageGraph;

/** No package of file-service imports one that imports it back: the lower layer (the store) owns its own limits. */
class FilePackagesTest {

    @Test
    void packagesFormNoCycle() {
        PackageGraph.assertAcyclic("dev.netservices.files");
    }
}
