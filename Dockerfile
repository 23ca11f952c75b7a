# syntax=docker/dockerfile:1
# Tidepool's image: the packed npm package (compiled JavaScript, the built console) installed with its
# production dependencies only, run as a non-root user. Serve your own code location by building FROM this
# image and copying your definitions over /app/definitions (see README, "Deploying").

# Build: the same `npm pack` a release uses (prepack compiles src/ and builds the console).
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm pack --pack-destination /pkg && mv /pkg/tidepool-*.tgz /pkg/tidepool.tgz

# Runtime: no compilers, no dev dependencies, no sources.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /pkg/tidepool.tgz /tmp/tidepool.tgz
# /app is an ES module package, so definitions files written with `import` load as they are.
RUN npm init -y >/dev/null && npm pkg set type=module \
  && npm install --omit=dev --no-audit --no-fund /tmp/tidepool.tgz \
  && rm /tmp/tidepool.tgz && npm cache clean --force
COPY --chown=node:node deploy/docker/definitions.js /app/definitions/definitions.js
# Without DATABASE_URL the service keeps an embedded PGlite database under TIDEPOOL_HOME (and its lock file
# beside it): a folder the non-root user owns, and a volume so that it outlives the container.
ENV TIDEPOOL_HOME=/var/lib/tidepool
RUN mkdir -p /var/lib/tidepool && chown node:node /var/lib/tidepool
VOLUME /var/lib/tidepool
USER node
EXPOSE 3000
# /healthz answers without touching the database: it says the process is alive. Readiness (/readyz) is the
# orchestrator's business (see deploy/k8s).
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT ?? 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/app/node_modules/.bin/tidepool"]
CMD ["serve", "--host", "0.0.0.0", "--definitions", "/app/definitions/definitions.js"]
