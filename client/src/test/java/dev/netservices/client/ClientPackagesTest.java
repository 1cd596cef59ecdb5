package dev.netservices.client;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/**
 * No package of the client imports one that imports it back, however long the loop. Every package is its
 * own node, the root included: {@code Main} may import the features, and what they share lives below them
 * ({@code cli}, {@code terminal}), never in the root. The same rule as common's {@code PackageGraph}, written
 * here because the client depends on nothing of ours.
 */
class ClientPackagesTest {

    private static final String ROOT = "dev.netservices.client";

    @Test
    void packagesFormNoCycle() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
        SlicesRuleDefinition.slices().assignedFrom(everyPackage()).should().beFreeOfCycles().check(classes);
    }

    private static SliceAssignment everyPackage() {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                if (name.equals(ROOT)) {
                    return SliceIdentifier.of("(root)");
                }
                return name.startsWith(ROOT + ".") ? SliceIdentifier.of(name.substring(ROOT.length() + 1)) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "packages under " + ROOT;
            }
        };
    }
}
