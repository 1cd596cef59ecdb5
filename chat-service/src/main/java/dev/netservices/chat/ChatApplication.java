package dev.netservices.chat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ChatApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(ChatApplication.class);
        // Spring AOT's generated context when the build fixed the settings this start has (docs/containers.md).
        application.addListeners(new AheadOfTimeStart());
        application.run(args);
    }
}
