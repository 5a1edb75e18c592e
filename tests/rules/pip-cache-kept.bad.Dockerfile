FROM python:3.12
RUN pip install -r requirements.txt
RUN python3 -m pip install flask==3.0.3
RUN pip3 install --no-cache-dir a==1 && pip install b==1
ONBUILD RUN pip install c==1
ENV PIP_NO_CACHE_DIR=0
RUN pip install d==1
RUN --mount=type=bind,target=/root/.cache/pip pip install e==1
# expect: 2:5
# expect: 3:5
# expect: 4:41
# expect: 5:13
# expect: 7:5
# expect: 8:47
