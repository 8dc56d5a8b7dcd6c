# syntax=docker/dockerfile:1
# Build: a static binary (the embedded database's SQLite driver is pure Go,
# so no cgo is needed).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/canvass ./cmd/canvass \
 && mkdir -p -m 0700 /out/data

# Run: nothing but the binary, CA certificates (for MongoDB Atlas and
# Twilio over TLS) and a non-root user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/canvass /canvass
# The data folder is the non-root user's alone: the embedded database's
# socket and files, the pseudonym key.
COPY --from=build --chown=65532:65532 --chmod=0700 /out/data /data
ENV CANVASS_ADDR=:8080 \
    CANVASS_DATA=/data
EXPOSE 8080
VOLUME ["/data"]
USER 65532:65532
ENTRYPOINT ["/canvass"]
CMD ["serve"]
