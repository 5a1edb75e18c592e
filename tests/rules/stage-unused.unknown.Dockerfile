# Nothing says how this file is built: no stage is judged dead.
FROM golang:1.23 AS build
FROM golang:1.23 AS debug
FROM scratch AS production
