package dev.netservices.common.startup;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The settings the property conditions of a service's classes read (for its {@link FixedSettings} test). */
public final class PropertyConditions {

    private PropertyConditions() {
    }

    /** Every setting a @ConditionalOnProperty or @ConditionalOnBooleanProperty under a package names. */
    public static List<String> readUnder(String rootPackage) {
        List<String> read = new ArrayList<>();
        new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage).forEach(type -> {
                    Class<?> reflected = type.reflect();
                    Stream.concat(Stream.of(reflected), Arrays.stream(reflected.getDeclaredMethods()))
                            .forEach(element -> read.addAll(names(element)));
                });
        return read;
    }

    private static List<String> names(AnnotatedElement element) {
        List<String> names = new ArrayList<>();
        ConditionalOnProperty property = element.getAnnotation(ConditionalOnProperty.class);
        if (property != null) {
            Stream.concat(Arrays.stream(property.name()), Arrays.stream(property.value()))
                    .forEach(name -> names.add(qualified(property.prefix(), name)));
        }
        ConditionalOnBooleanProperty flag = element.getAnnotation(ConditionalOnBooleanProperty.class);
        if (flag != null) {
            Stream.concat(Arrays.stream(flag.name()), Arrays.stream(flag.value()))
                    .forEach(name -> names.add(qualified(flag.prefix(), name)));
        }
        return names;
    }

    private static String qualified(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix.replaceAll("\\.$", "") + "." + name;
    }
}
