package dev.netservices.web;

import org.junit.jupiter.api.Test;

import dev.netservices.common.architecture.PackageGraph;

/** No package of web-service imports one that imports it back: the lower layer owns its own limits. */
class WebPackagesTest {

    @Test
    void packagesFormNoCycle() {
        PackageGraph.assertAcyclic("dev.netservices.web");
    }
}
