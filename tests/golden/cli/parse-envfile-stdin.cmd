0
parse - --kind=envfile
