# The three services from one build: `docker build --target chat|files|web .` (docker-compose.yml does this).
#
# Builds with the classic builder and with BuildKit alike: no syntax directive to pull, no RUN --mount.
# Maven's downloads are cached the classic way instead: the wrapper and every pom go in first, and the
# dependencies are resolved in a layer of their own, so a change to the code rebuilds from the
# source COPY on and downloads nothing again.
#
# Base images are build arguments. Where eclipse-temurin cannot be pulled, scripts/base-images.sh
# builds stand-ins from Debian packages and prints the JDK_IMAGE / JRE_IMAGE to pass (docs/containers.md).
# Empty counts as unset, so that compose can pass both through whether or not they are set.
ARG JDK_IMAGE
ARG JRE_IMAGE

FROM ${JDK_IMAGE:-eclipse-temurin:25-jdk} AS build
WORKDIR /src
COPY mvnw ./
COPY .mvn/ .mvn/
COPY scripts/jdk.sh scripts/
COPY pom.xml ./
COPY common/pom.xml common/
COPY chat-service/pom.xml chat-service/
COPY file-service/pom.xml file-service/
COPY web-service/pom.xml web-service/
COPY client/pom.xml client/
COPY e2e/pom.xml e2e/
ENV MAVEN_ARGS="-B -q -pl chat-service,file-service,web-service -am -Dmaven.test.skip=true"
# The resolve layer: the package lifecycle on the poms alone (no sources yet) fetches Maven itself,
# every dependency and every plugin the real build below runs, which then works offline (-o). Spring AOT
# (process-aot) needs a main class, which the poms alone do not have: it is skipped here only.
RUN ./mvnw package -Dspring-boot.repackage.skip=true -Dspring-boot.aot.skip=true && rm -rf */target
COPY common/src/ common/src/
COPY client/src/ client/src/
COPY chat-service/src/ chat-service/src/
COPY file-service/src/ file-service/src/
COPY web-service/src/ web-service/src/
# The repository's .git, so that git.properties gives /actuator/info the commit the image was built from. A pattern,
# because a tree without .git (a source tarball) must build too: the wrapper only makes the pattern match something,
# and lands in .git/ as a stray file git ignores. In a linked worktree (git worktree add) .git is a file naming a
# folder outside the context: the image then has no git section, as without .git. The tree here holds only the
# sources, so dirty (every other file of the commit missing) is left out rather than always true.
COPY mvnw .gi[t] .git/
# Each jar is extracted into Spring Boot's layers (least to most often changed), so that a code
# change replaces only the small application layer of an image. A .git/ without HEAD (the linked worktree's
# .git file landed in it) is no repository: removed, and git-commit-id skipped (it failed on it, or wrote an empty
# git.properties that /actuator/info would show as an empty git section).
RUN git=; { [ -e .git/HEAD ] || { rm -rf .git; git=-Dmaven.gitcommitid.skip=true; }; } \
 && ./mvnw -o package $git '-Dgit-info.exclude=^git.dirty$' \
 && for module in chat-service file-service web-service; do \
        mkdir -p /jars/$module \
     && cp $module/target/$module-*[0-9T].jar /jars/$module/app.jar \
     && java -Djarmode=tools -jar /jars/$module/app.jar extract --layers --destination /extracted/$module \
     || exit 1; \
    done

# What the three services share: a fixed numeric non-root user (volumes and secrets can be owned by
# it on any host) and the JVM's container-aware settings.
FROM ${JRE_IMAGE:-eclipse-temurin:25-jre} AS runtime
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin app
# util-linux's renice may take a nice value back down (CAP_SYS_NICE as its file capability), so that each service
# holds its C2 compiler at nice 19 during the start and gives it back at ready (CompilerStartPriority,
# docs/containers.md "Start-up"). The capability takes effect only in a container given it (compose: cap_add
# SYS_NICE); elsewhere the kernel refuses to run renice at all, the service sees that and starts as before. setcap
# comes with the stand-in base image; on another base it is installed from the image's own package sources.
RUN { command -v setcap >/dev/null || { apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libcap2-bin >/dev/null \
      && rm -rf /var/lib/apt/lists/*; }; } \
 && setcap cap_sys_nice+ep "$(command -v renice)"
WORKDIR /app
# Logs as JSON lines (Elastic Common Schema), one object per event, for a log shipper reading the container's
# stdout; ./run.sh keeps Spring's plain lines for people. LOGGING_STRUCTURED_FORMAT_CONSOLE=logstash (or gelf)
# in a service's environment picks another of Spring Boot's formats (docs/operations.md, Logs).
ENV LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs
# The AOT cache's training run (each service's stage below): starts the service, serves a few requests, stops it.
COPY scripts/aot-training.sh /usr/local/bin/aot-training

FROM runtime AS chat
COPY --from=build /extracted/chat-service/dependencies/ ./
COPY --from=build /extracted/chat-service/spring-boot-loader/ ./
COPY --from=build /extracted/chat-service/snapshot-dependencies/ ./
COPY --from=build /extracted/chat-service/application/ ./
# JDK 25's AOT cache (JEP 483/514/515): a training run starts the service as it will run, serves a few requests
# (the probes, an admin call) and stops (scripts/aot-training.sh), and the JVM writes the classes it loaded and
# linked, with their method profiles, into app.aot; the entrypoint starts from it. The jar holds Spring AOT's
# generated context too (process-aot), which each start uses when the settings it fixed at build time are the
# start's (AheadOfTimeStart; the training's are), and otherwise starts the plain way: cluster, S3, PostgreSQL, TLS. Both JIT compilers stay on:
# C1 only (-XX:TieredStopAtLevel=1) starts faster on one core, but C1's code runs slower for the service's whole
# life and does not use the CPU's SHA instructions (a 300 MB SHA-256, what every upload computes, took 5.3 s
# instead of 0.96 s), so it would cost far more than it saves once (docs/containers.md, "Start-up").
# Compiler threads at a lower priority (-XX:CompilerThreadPriority) were measured too and are not shipped: the gain
# was within the noise, the first upload after start got slower, and the flag's warning would need
# -XX:-PrintWarnings, which silences every JVM warning.
# The training's throwaway admin password only keeps the run from generating one into the build log.
RUN password=$(cat /proc/sys/kernel/random/uuid) \
 && CHAT_ADMIN_PASSWORD=$password AUTHORIZATION="Basic $(printf 'admin:%s' "$password" | base64 -w0)" \
    aot-training 8081 8081 /api/chat/members 8081 /actuator/info -- java -XX:AOTCacheOutput=app.aot -jar app.jar
# The admin password may come from a file: a Docker secret named chat.admin.password (docker-compose.yml).
ENV SPRING_CONFIG_IMPORT=optional:configtree:/run/secrets/
USER 10001:10001
EXPOSE 8000/udp 8081
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=app.aot", "-jar", "app.jar"]

FROM runtime AS files
COPY --from=build /extracted/file-service/dependencies/ ./
COPY --from=build /extracted/file-service/spring-boot-loader/ ./
COPY --from=build /extracted/file-service/snapshot-dependencies/ ./
COPY --from=build /extracted/file-service/application/ ./
# The AOT cache's training run, as for chat: an upload (with its SHA-256), a download and a listing.
RUN FILES_ROOT=/tmp/aot-training \
    aot-training 8082 8888 'PUT training.txt 6\nhello\nGET training.txt\nLIST\nDELETE training.txt\nQUIT\n' \
        -- java -XX:AOTCacheOutput=app.aot -jar app.jar \
 && rm -rf /tmp/aot-training
# A named volume mounted here takes this folder's owner, so the non-root user can write uploads.
RUN mkdir -p /data/files && chown 10001:10001 /data/files
ENV FILES_ROOT=/data/files
USER 10001:10001
EXPOSE 8888 8082
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=app.aot", "-jar", "app.jar"]

FROM runtime AS web
COPY --from=build /extracted/web-service/dependencies/ ./
COPY --from=build /extracted/web-service/spring-boot-loader/ ./
COPY --from=build /extracted/web-service/snapshot-dependencies/ ./
COPY --from=build /extracted/web-service/application/ ./
# The AOT cache's training run, as for chat: the demo page and a 404.
RUN aot-training 8083 8080 / 8080 /missing -- java -XX:AOTCacheOutput=app.aot -jar app.jar
USER 10001:10001
EXPOSE 8080 8083
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=app.aot", "-jar", "app.jar"]
