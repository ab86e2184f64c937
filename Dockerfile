# Fulcrum agent image: BPF objects, the native shim and the agent jar on a slim JRE base.
# Build (from the repository root; needs a Docker/BuildKit engine):
#   docker build -t fulcrum-agent:0.1.0 .
# Stage 1 compiles the XDP program (clang -target bpf) and libfulcrum.so (libbpf shim), then the
# shaded agent jar; stage 2 keeps only what runs. The agent runs as root with the capabilities the
# Helm chart grants (BPF, PERFMON, NET_ADMIN, NET_RAW; SYS_ADMIN only on kernels before 5.8).

FROM debian:bookworm AS build
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      openjdk-17-jdk-headless maven make gcc clang llvm libbpf-dev libelf-dev zlib1g-dev \
      linux-libc-dev ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN make -C bpf OUT=/out/native \
 && make -C native OUT=/out/native \
 && mvn -B -ntp -q -pl lb-agent -am package -DskipTests -Dspotless.check.skip=true \
 && cp lb-agent/target/fulcrum-agent.jar /out/fulcrum-agent.jar

FROM debian:bookworm-slim
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      openjdk-17-jre-headless libbpf1 libelf1 zlib1g iproute2 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/native/fulcrum.bpf.o /out/native/libfulcrum.so /opt/fulcrum/native/
COPY --from=build /out/fulcrum-agent.jar /opt/fulcrum/fulcrum-agent.jar
ENV FULCRUM_NATIVE_DIR=/opt/fulcrum/native \
    FULCRUM_JAVA_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms64m -Xmx320m -Xss512k"
# 9469 metrics, 7480 REST API (/healthz, /readyz), 179 BGP
EXPOSE 9469 7480 179
ENTRYPOINT ["/bin/sh", "-c", "exec java $FULCRUM_JAVA_OPTS -jar /opt/fulcrum/fulcrum-agent.jar \"$@\"", "fulcrum-agent"]
CMD ["run", "--config", "/etc/fulcrum/config/fulcrum.yaml"]
