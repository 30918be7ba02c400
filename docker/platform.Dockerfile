# The platform's own processes for docker/compose.yaml: ONE image, the web, gateway, worker and
# migrate services each pick their command. Stages: the repository built with every dependency;
# beside it, the production dependencies alone (installed fresh, without the build and test tools);
# the image is those plus what the build made,
# run as the unprivileged user `node`.
# Build context: the repository root (docker/platform.Dockerfile.dockerignore keeps node_modules,
# build output and data out of it; BuildKit, which compose uses, reads that file).
# NODE_IMAGE: any Debian-based Node 20 image with npm and a `node` user (default node:20-slim).
ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS base
# the build stages carry this label (the runtime stage does not): once built, what they leave
# behind untagged goes with `docker image prune --filter label=org.interflow.build-stage=platform`
LABEL org.interflow.build-stage=platform
# npm as package.json's packageManager names it, so the lockfile and allowScripts are read the same
RUN npm install --global --no-audit --no-fund npm@11.19.1 && npm cache clean --force
ENV NEXT_TELEMETRY_DISABLED=1 \
    TURBO_TELEMETRY_DISABLED=1
WORKDIR /app
COPY . .

FROM base AS build
RUN npm ci --no-audit --no-fund && npm run build && rm -rf apps/web/.next/cache

FROM base AS production-dependencies
# --omit=dev leaves what the lockfile calls "devOptional": build and test tools (vitest, tsx,
# prisma's CLI, Playwright) that a production package names only as an optional peer; they go too
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force \
    && node -e 'const fs = require("node:fs"); for (const [where, p] of Object.entries(require("./package-lock.json").packages)) if (p.devOptional && fs.existsSync(where)) fs.rmSync(where, { recursive: true })'


FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
# owned by root: the services cannot change their own code
COPY --from=production-dependencies /app /app
COPY --from=build /app/apps/web/.next /app/apps/web/.next
COPY --from=build /app/apps/web/dist /app/apps/web/dist
COPY --from=build /app/apps/worker/dist /app/apps/worker/dist
COPY --from=build /app/apps/gateway/dist /app/apps/gateway/dist
COPY --from=build /app/packages/db/src/generated /app/packages/db/src/generated
# next start writes its cache under apps/web/.next: the only part of /app the services may change
RUN mkdir -p apps/web/.next/cache && chown -R node:node apps/web/.next
USER node
# the services' commands are in compose.yaml; alone, the image starts the webhook gateway
EXPOSE 3000 3001 3002
CMD ["node", "apps/gateway/dist/main.js"]
