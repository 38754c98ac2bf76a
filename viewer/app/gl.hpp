// OpenGL 3.3 core entry points. Linux's libGL (glvnd) exports every core function, so prototypes are
// enough and no loader library is needed.
#pragma once
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
