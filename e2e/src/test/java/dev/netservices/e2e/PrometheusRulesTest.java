package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Prometheus kit under {@code monitoring/} as Prometheus itself reads it: {@code promtool check config}
 * (the scrape configuration and every rule file it loads) and {@code promtool test rules} (the alert rules'
 * unit tests), with Debian's promtool found on the PATH.
 */
class PrometheusRulesTest {

    private static final Path MONITORING = RepositoryFiles.root().resolve("monitoring");

    @Test
    void theScrapeConfigurationAndItsRuleFilesAreValid() throws Exception {
        Cli.Result result = promtool(List.of("check", "config", "prometheus.yml"));

        assertThat(result.exitCode()).as(result.out() + result.stderr()).isZero();
        assertThat(result.out() + result.stderr()).contains("rules/alerts.yml").contains("rules/recording.yml");
    }

    @Test
    void everyAlertRuleUnitTestPasses() throws Exception {
        List<String> command = new ArrayList<>(List.of("test", "rules"));
        command.addAll(files("tests"));
        Cli.Result result = promtool(command);

        assertThat(result.exitCode()).as(result.out() + result.stderr()).isZero();
        assertThat(result.out() + result.stderr()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTestThatFiresItAndOneThatKeepsItQuiet() throws IOException {
        Set<String> alerts = new TreeSet<>();
        for (String file : files("rules")) {
            for (Map<String, Object> group : list(load(file).get("groups"))) {
                for (Map<String, Object> rule : list(group.get("rules"))) {
                    if (rule.containsKey("alert")) {
                        alerts.add((String) rule.get("alert"));
                    }
                }
            }
        }
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (String file : files("tests")) {
            for (Map<String, Object> test : list(load(file).get("tests"))) {
                for (Map<String, Object> check : list(test.get("alert_rule_test"))) {
                    (list(check.get("exp_alerts")).isEmpty() ? quiet : firing).add((String) check.get("alertname"));
                }
            }
        }

        assertThat(alerts).as("alert rules").isNotEmpty();
        assertThat(firing).as("alerts with a firing test").containsAll(alerts);
        assertThat(quiet).as("alerts with a quiet test").containsAll(alerts);
    }

    private static Cli.Result promtool(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Cli.require("promtool", "prometheus")));
        command.addAll(arguments);
        return Cli.run(command, MONITORING, new byte[0], Duration.ofMinutes(2));
    }

    /** The YAML files of a folder under monitoring/, relative to it, as promtool is given them. */
    private static List<String> files(String folder) throws IOException {
        try (var paths = Files.list(MONITORING.resolve(folder))) {
            List<String> files = paths.map(path -> folder + "/" + path.getFileName())
                    .filter(name -> name.endsWith(".yml")).sorted().toList();
            assertThat(files).as("YAML files in monitoring/" + folder).isNotEmpty();
            return files;
        }
    }

    private static Map<String, Object> load(String file) throws IOException {
        try (Reader reader = Files.newBufferedReader(MONITORING.resolve(file))) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }
}
