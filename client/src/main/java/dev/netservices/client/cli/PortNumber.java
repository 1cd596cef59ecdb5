package dev.netservices.client.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --port}: a TCP or UDP port, 1 to 65535, said so when it is not. */
public final class PortNumber implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw new TypeConversionException("'" + value + "' is not a port number (1 to 65535)");
    }
}
