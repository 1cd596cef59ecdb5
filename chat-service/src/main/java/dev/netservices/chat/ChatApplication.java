package dev.netservices.chat;

import dev.netservices.common.startup.AheadOfTimeStart;
import dev.netservices.common.startup.CompilerStartPriority;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ChatApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(ChatApplication.class);
        // Spring AOT's generated context when the build fixed the settings this start has (docs/containers.md).
        application.addListeners(new AheadOfTimeStart(AheadOfTimeSettings.FIXED));
        // C2 held at nice 19 until ready, where that can be undone (compose's cap_add SYS_NICE; docs/containers.md).
        application.addListeners(new CompilerStartPriority());
        application.run(args);
    }
}
