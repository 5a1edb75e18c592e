FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -q package

FROM eclipse-temurin:21-jre
COPY --from=build /src/target/service-1.0.jar /opt/app/service.jar
CMD ["java", "-jar", "/opt/app/app.jar"]
# expect: 8:23
