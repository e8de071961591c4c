#include <dlfcn.h>

#include <opencv2/core/utils/logger.hpp>

#include "log.h"

void vidlm_cv_silence(void) {
    cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
}

// FFmpeg's libavutil is loaded with OpenCV's video I/O; its log level is found by name so
// that vidlm does not link FFmpeg itself. AV_LOG_QUIET is -8.
int vidlm_ffmpeg_quiet(void) {
    void (*set_level)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "av_log_set_level");
    if (set_level == NULL) {
        return 0;
    }
    set_level(-8);
    return 1;
}
