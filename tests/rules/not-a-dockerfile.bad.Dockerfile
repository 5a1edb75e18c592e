FROM {{ .BaseImage }}:{{ .Tag }}
{{- range .Packages }}
RUN apk add --no-cache {{ . }}
{{- end }}
# expect: 1:6
