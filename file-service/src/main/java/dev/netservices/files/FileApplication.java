package dev.netservices.files;

import dev.netservices.common.startup.AheadOfTimeStart;
import dev.netservices.common.startup.CompilerStartPriority;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.netservices.files.account.PasswordHashCommand;
import dev.netservices.files.catalog.AccountImportCommand;
import dev.netservices.files.store.FileNameEncoding;

@SpringBootApplication
@ConfigurationPropertiesScan
public class FileApplication {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(PasswordHashCommand.OPTION)) {
            PasswordHashCommand.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals(AccountImportCommand.OPTION)) {
            AccountImportCommand.main(args);
            return;
        }
        FileNameEncoding.warnIfNotUtf8();
        SpringApplication application = new SpringApplication(FileApplication.class);
        // Spring AOT's generated context when the build fixed the settings this start has (docs/containers.md).
        application.addListeners(new AheadOfTimeStart(AheadOfTimeSettings.FIXED));
        // C2 held at nice 19 until ready, where that can be undone (compose's cap_add SYS_NICE; docs/containers.md).
        application.addListeners(new CompilerStartPriority());
        application.run(args);
    }
}
