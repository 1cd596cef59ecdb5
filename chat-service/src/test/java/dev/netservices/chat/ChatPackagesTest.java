package dev.netservices.chat;

import org.junit.jupiter.api.Test;

import dev.netservices.common.architecture.PackageGraph;

/** No package of the chat service imports one that imports it back, however long the loop. */
class ChatPackagesTest {

    @Test
    void packagesFormNoCycle() {
        PackageGraph.assertAcyclic("dev.netservices.chat");
    }
}
