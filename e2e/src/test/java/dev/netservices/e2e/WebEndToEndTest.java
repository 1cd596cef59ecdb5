package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The web server as curl and a browser see it, started by run.sh with its bundled demo site. */
@ExtendWith(Platform.Extension.class)
class WebEndToEndTest {

    private static final Pattern ETAG = Pattern.compile("(?im)^etag: (\"[^\"]+\")\\s*$");

    private static Cli.Result curl(String... args) throws Exception {
        String curl = Cli.require("curl", "curl");
        return Cli.run(Cli.concat(List.of(curl, "-s", "-S", "-i", "--max-time", "20"), args), new byte[0], Duration.ofSeconds(30));
    }

    @Test
    void theHomePageComesWithTheHeadersABrowserAndACacheNeed(Platform platform) throws Exception {
        String response = curl(platform.web("/").toString()).out();
        assertThat(response).startsWith("HTTP/1.1 200")
                .containsPattern("(?i)content-type: text/html;\\s*charset=utf-8")
                .containsPattern("(?i)content-length: \\d+")
                .containsPattern("(?i)last-modified: ")
                .containsPattern("(?i)date: ")
                .containsPattern("(?i)etag: \"")
                .contains("<img");
    }

    @Test
    void revalidatingWithTheETagAnswers304WithoutABody(Platform platform) throws Exception {
        Matcher etag = ETAG.matcher(curl(platform.web("/style.css").toString()).out());
        assertThat(etag.find()).isTrue();
        String response = curl("-H", "If-None-Match: " + etag.group(1), platform.web("/style.css").toString()).out();
        assertThat(response).startsWith("HTTP/1.1 304");
        assertThat(response.substring(response.indexOf("\r\n\r\n") + 4)).isEmpty();
    }

    @Test
    void aRangeAnswers206WithExactlyThoseBytes(Platform platform) throws Exception {
        byte[] image = Files.readAllBytes(RepositoryFiles.root().resolve("web-service/src/main/resources/demo-site/images/sunset.png"));
        Cli.Result ranged = Cli.run(List.of(Cli.require("curl", "curl"), "-s", "-D", "-", "-o", "-", "-r", "100-199",
                platform.web("/images/sunset.png").toString()), new byte[0], Duration.ofSeconds(30));
        String text = new String(ranged.stdout(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("HTTP/1.1 206")
                .containsPattern("(?i)content-range: bytes 100-199/" + image.length);
        byte[] body = text.substring(text.indexOf("\r\n\r\n") + 4).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(body).isEqualTo(java.util.Arrays.copyOfRange(image, 100, 200));
    }

    @Test
    void anUnknownPageGetsTheCustom404Page(Platform platform) throws Exception {
        String response = curl(platform.web("/no/such/page.html").toString()).out();
        assertThat(response).startsWith("HTTP/1.1 404").containsPattern("(?i)content-type: text/html");
        String customPage = Files.readString(RepositoryFiles.root().resolve("web-service/src/main/resources/demo-site/404.html"));
        assertThat(response).endsWith(customPage);
    }

    @Test
    void headlessChromiumLoadsTheDemoSiteWithEveryImage(Platform platform) throws Exception {
        String chromium = Cli.require("chromium", "chromium");
        Path profile = platform.scratch("chromium-profile");
        Path screenshot = Path.of("target/e2e-demo-site.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        List<String> browser = List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1200,900");

        Cli.Result shot = Cli.run(Cli.concat(browser, "--screenshot=" + screenshot, platform.web("/").toString()),
                new byte[0], Duration.ofSeconds(90));
        assertThat(screenshot).as(shot.stderr()).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(5_000);

        // Every image the page names must have been fetched by the browser (the access log says so)
        // and must be served as an image.
        String page = curl(platform.web("/").toString()).out();
        Matcher img = Pattern.compile("<img[^>]+src=\"([^\"]+)\"").matcher(page);
        List<String> sources = new java.util.ArrayList<>();
        while (img.find()) {
            sources.add(img.group(1).startsWith("/") ? img.group(1) : "/" + img.group(1));
        }
        assertThat(sources).isNotEmpty();
        Path accessLog = platform.logFile("web");
        for (String src : sources) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(Files.readString(accessLog)).as("the browser fetched " + src).contains("\"GET " + src + " HTTP/1.1\" 200 "));
        }
        for (String src : sources) {
            assertThat(curl("-o", "/dev/null", "-w", "%{http_code} %{content_type}", platform.web(src).toString()).out())
                    .as(src).contains("200 image/");
        }
    }
}
