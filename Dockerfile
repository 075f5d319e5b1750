# kali in a container, the image the Kubernetes Jobs of `kali k8s job` run (docs/distributed.md):
#
#   docker build -t kali:0.1.0 .
#   docker run --rm kali:0.1.0 -c10 -T5s host:port
#
# The image's entrypoint is kali; its arguments are a run's (or a command: merge, k8s job, …).

# Building needs the dev dependencies (TypeScript); the image keeps only what a run needs.
# Install scripts stay off, as package.json's allowScripts has them: none is needed (koffi ships
# its binaries prebuilt), so the build runs explicitly.
FROM node:20-slim AS build
WORKDIR /opt/kali
COPY . .
RUN npm ci --ignore-scripts \
 && npm run build \
 && npm prune --omit=dev --ignore-scripts

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /opt/kali
COPY --from=build /opt/kali /opt/kali
RUN ln -s /opt/kali/bin/run.js /usr/local/bin/kali
# The node images' own unprivileged user, by number, so that Kubernetes' runAsNonRoot can check
# it; kali needs no privilege.
USER 1000
ENTRYPOINT ["kali"]
