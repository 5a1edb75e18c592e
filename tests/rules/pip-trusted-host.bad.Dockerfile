FROM python:3.12
RUN pip install --trusted-host pypi.internal app==1.0
RUN python3 -m pip install --trusted-host=pypi.internal app==1.0
RUN pip config set global.trusted-host pypi.internal
RUN uv pip install --system --trusted-host pypi.internal app==1.0
ONBUILD RUN pip3 install --trusted-host pypi.internal app==1.0
# expect: 2:17
# expect: 3:28
# expect: 4:20
# expect: 5:29
# expect: 6:26
