package dev.netservices.client.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version Maven wrote into the jar's manifest. */
public final class ClientVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = ClientVersion.class.getPackage().getImplementationVersion();
        return new String[] {"netservices client " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version() + " on " + System.getProperty("os.name")};
    }
}
