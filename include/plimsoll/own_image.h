/* own_image.h — whether an image is the project's own: named after the
 * repository or published under its owner, the channel the project
 * publishes and documents (memos' `neosmartpilot/memos:stable`,
 * prometheus' `quay.io/prometheus/busybox:latest`), not a third party's
 * image drifting under it. The pinning rules' default reading leaves such
 * a tag to the project. */
#ifndef PLIMSOLL_OWN_IMAGE_H
#define PLIMSOLL_OWN_IMAGE_H

#include "plimsoll/workspace.h"

/* `image` (a reference as written, no variables) is named after the
 * repository of `ws` (its origin's `owner/name`, else its folder: the name
 * is the repository's, or starts with it and a `-`) or sits under the
 * origin's owner as its namespace. 0 outside a repository. */
int pl_image_is_projects_own(const pl_workspace *ws, const char *image);

#endif
