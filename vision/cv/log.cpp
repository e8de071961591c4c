#include <opencv2/core/utils/logger.hpp>

#include "log.h"

void vidlm_cv_silence(void) {
    cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
}
