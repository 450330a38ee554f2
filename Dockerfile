# syntax=docker/dockerfile:1
# The gateway image. The same image also runs the standalone emulator (`node dist/emulator/main.js`), which
# docker-compose.yml uses. test/deploy/dockerfile.test.ts checks this file: keep its shape.
# Node 24 LTS, pinned by digest (the multi-arch index of node:24.21.0-bookworm-slim), so a rebuild gets the same
# bytes; the three stages name the same image: move the tag and the digest together in all three. The code also runs on Node 20, which CI machines have.

# deps: production dependencies only, exactly as locked. Cached until package*.json change.
FROM node:24.21.0-bookworm-slim@sha256:0e0ff40c39bc087845bfb27465a0df4ea419520094bc35842ff83dd8cbe6f9b6 AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# build: every dependency, to compile TypeScript into dist/ (`npm run build`, what `npm start` runs).
FROM node:24.21.0-bookworm-slim@sha256:0e0ff40c39bc087845bfb27465a0df4ea419520094bc35842ff83dd8cbe6f9b6 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The dashboard and GraphiQL, bundled by esbuild into dist/web, with the dashboard's persisted-query manifest
# (its operations checked against schema.graphql).
COPY scripts ./scripts
COPY web ./web
COPY schema.graphql ./
RUN npm run build

# runtime: production dependencies and compiled code, owned by root and read-only to the process, which runs
# as the base image's unprivileged `node` user (uid 1000, gid 1000; k8s runAsUser matches). No compiler, no sources.
FROM node:24.21.0-bookworm-slim@sha256:0e0ff40c39bc087845bfb27465a0df4ea419520094bc35842ff83dd8cbe6f9b6 AS runtime
ENV NODE_ENV=production \
    PORT=4000 \
    HOST=0.0.0.0
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER 1000:1000
EXPOSE 4000
# /healthz answers while the process is alive; the port follows PORT when it is overridden.
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (graceful drain); no npm wrapper, which would swallow the signal.
STOPSIGNAL SIGTERM
CMD ["node", "dist/server/main.js"]
