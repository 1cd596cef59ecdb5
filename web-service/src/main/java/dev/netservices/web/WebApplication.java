package dev.netservices.web;

import dev.netservices.common.startup.AheadOfTimeStart;
import dev.netservices.common.startup.CompilerStartPriority;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class WebApplication {

    public static void main(String[] args) {
        // TLS 1.2 lets a client ask for a new handshake at will, each one costing the event loop a signature:
        // refuse it (TLS 1.3 has no renegotiation). Set before JSSE is first used; an operator's -D wins.
        if (System.getProperty("jdk.tls.rejectClientInitiatedRenegotiation") == null) {
            System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        }
        SpringApplication application = new SpringApplication(WebApplication.class);
        // Spring AOT's generated context when the build fixed the settings this start has (docs/containers.md).
        application.addListeners(new AheadOfTimeStart(AheadOfTimeSettings.FIXED));
        // C2 held at nice 19 until ready, where that can be undone (compose's cap_add SYS_NICE; docs/containers.md).
        application.addListeners(new CompilerStartPriority());
        application.run(args);
    }
}
