# The platform's own processes for docker/compose.yaml: ONE image with the repository installed
# and built; the web, gateway, worker and migrate services each pick their command.
# Build context: the repository root (docker/platform.Dockerfile.dockerignore keeps node_modules,
# build output and data out of it; BuildKit, which compose uses, reads that file).
FROM node:20-slim

# npm as package.json's packageManager names it, so the lockfile and allowScripts are read the same
RUN npm install --global --no-audit --no-fund npm@11.19.1 && npm cache clean --force
ENV NEXT_TELEMETRY_DISABLED=1 \
    TURBO_TELEMETRY_DISABLED=1

WORKDIR /app
COPY . .
# next start writes its cache under apps/web/.next: the only part of /app the services may change
RUN npm ci --no-audit --no-fund \
    && npm run build \
    && npm cache clean --force \
    && chown -R node:node apps/web/.next

ENV NODE_ENV=production
USER node
# the services' commands are in compose.yaml; alone, the image starts the webhook gateway
EXPOSE 3000 3001
CMD ["node", "apps/gateway/dist/main.js"]
