#include "config.h"
#include <criterion/criterion.h>
#include "helpers.h"
