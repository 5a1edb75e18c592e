1
--kind dockerfile --select PL0001 tests/golden/fragments/eng/dockerfile-templates/Dockerfile.env.container
