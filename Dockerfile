# arcdoctor's image: `arcdoctor exporter --in-cluster` by default (deploy/), any subcommand as arguments.
#   docker build -t REGISTRY/arcdoctor:0.1.0 . && docker push REGISTRY/arcdoctor:0.1.0
# Stage 1 builds the single-file bundle (scripts/build.mjs); stage 2 holds only dist/, docs/checks (read by
# `checks explain`) and the production dependencies, and runs as the image's unprivileged `node` user.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied.
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN node scripts/build.mjs

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY docs/checks ./docs/checks
# uid 1000 (`node` in the official image): deploy/ sets runAsUser 1000 and runAsNonRoot.
USER 1000:1000
EXPOSE 9090
ENTRYPOINT ["node", "/app/dist/arcdoctor.mjs"]
CMD ["exporter", "--in-cluster", "--listen", "0.0.0.0:9090", "--interval", "5m"]
