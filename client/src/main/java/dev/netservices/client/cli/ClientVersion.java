package dev.netservices.client.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the version Maven wrote into the jar's manifest, and the Java it runs on with the encoding it reads
 * local file names in (anything but UTF-8 cannot read some names: the launcher avoids it).
 */
public final class ClientVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = ClientVersion.class.getPackage().getImplementationVersion();
        return new String[] {"netservices client " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version() + " on " + System.getProperty("os.name") + ", local file names in "
                        + System.getProperty("sun.jnu.encoding")};
    }
}
