/* df_image_role.h — telling a base image (one meant to be built FROM) from
 * an image that runs a service, for the rules about what runs: the health
 * check and the user. */
#ifndef PL_DF_IMAGE_ROLE_H
#define PL_DF_IMAGE_ROLE_H
#include "dfutil.h"

/* Why the final stage reads as a base image for others to extend (or as a
 * dev container, which runs no service), or NULL:
 * its command is an interactive interpreter or shell (`CMD ["python3"]`,
 * `CMD ["node"]`, `CMD ["php", "-a"]`, the official language images), or it
 * is built on an operating-system image and sets no CMD or ENTRYPOINT (the
 * runtime-only images of a language stack), or sets no CMD or ENTRYPOINT
 * and is built FROM an image whose name is the directory of another
 * Dockerfile of the repository (a family of images built on each other);
 * or it is a development or test image: by its file name
 * (`Dockerfile.dev`, `test.Dockerfile`, `Dockerfile-ci`) or the name of
 * the stage built (`dev`, `test`, `debug`). */
const char *pl_stage_base_image_role(pl_check *c, const pl_file *f, const pl_df_model *m);

#endif
