package dev.netservices.common.architecture;

import org.junit.jupiter.api.Test;

class CommonPackagesTest {

    @Test
    void commonPackagesFormNoCycle() {
        PackageGraph.assertAcyclic("dev.netservices.common");
    }
}
