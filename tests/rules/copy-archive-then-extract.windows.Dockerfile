# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
COPY build\foo\bar.tar.gz "C:\Program Files\Foo"
RUN tar -xf "C:\Program Files\Foo\bar.tar.gz"
COPY build\foo\bar.tar.gz "C:\Program Files\foo.tar.gz"
RUN tar -xf foo.tar.gz
COPY foo/bar/packaged-app.tar /foo.tar
WORKDIR /usr/src/app
RUN foo bar && echo something && tar -xf /foo.tar
# expect: 3:6
# expect: 5:39
# expect: 7:31
